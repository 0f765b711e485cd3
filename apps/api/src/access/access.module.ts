import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonalLink } from './personal-link.entity';
import { PersonalLinksService } from './personal-links.service';
import { ParticipantAuthGuard, PrincipalAuthGuard } from './participant-auth.guard';
import { AccessController } from './access.controller';
import { ProgrammeModule } from '../programme/programme.module';

/** Personal links and the access tokens they are exchanged for. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonalLink]), ProgrammeModule],
  controllers: [AccessController],
  providers: [PersonalLinksService, ParticipantAuthGuard, PrincipalAuthGuard],
  exports: [PersonalLinksService, ParticipantAuthGuard, PrincipalAuthGuard],
})
export class AccessModule {}
