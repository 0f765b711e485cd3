import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Registration } from './registration.entity';
import { RegistrationsService } from './registrations.service';
import { InvitationsService } from './invitations.service';
import { RetentionService } from './retention.service';
import { PublicRegistrationsController } from './public-registrations.controller';
import { OrganiserRegistrationsController } from './organiser-registrations.controller';
import { MeController } from './me.controller';
import { AccessModule } from '../access/access.module';
import { ProgrammeModule } from '../programme/programme.module';
import { SessionAccessModule } from '../session-access/session-access.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { CallCoreModule } from '../call/call-core.module';

/** Registration, the waiting list, invitations and the personal space (roles in sessions come from the session-access policy). */
@Module({
  imports: [TypeOrmModule.forFeature([Registration]), AccessModule, ProgrammeModule, SessionAccessModule, RecordingsModule, CallCoreModule],
  controllers: [PublicRegistrationsController, OrganiserRegistrationsController, MeController],
  providers: [RegistrationsService, InvitationsService, RetentionService],
  exports: [RegistrationsService],
})
export class RegistrationsModule {}
