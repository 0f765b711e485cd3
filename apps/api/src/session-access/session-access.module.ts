import { Module } from '@nestjs/common';
import { SessionAccessService } from './session-access.service';
import { SessionPrincipalGuard } from './session-principal.guard';

/**
 * The session-access policy: who someone is in a session and what they may do there. It reads
 * the tables of several features in one query (for speed, and so that nothing is decided twice)
 * but writes none of them, and imports no other feature's module.
 */
@Module({
  providers: [SessionAccessService, SessionPrincipalGuard],
  exports: [SessionAccessService, SessionPrincipalGuard],
})
export class SessionAccessModule {}
