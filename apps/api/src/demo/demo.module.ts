import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { AccessModule } from '../access/access.module';
import { InvitationsService } from '../registrations/invitations.service';
import { DemoService } from './demo.service';

/**
 * The demo data. It invites the demo chair the way an organiser does, with the registrations
 * feature's own InvitationsService (provided here too: RegistrationsModule does not export it,
 * and the demo needs nothing else from that module).
 */
@Module({ imports: [ProgrammeModule, AccessModule], providers: [DemoService, InvitationsService], exports: [DemoService] })
export class DemoModule {}
