import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Registration } from './registration.entity';
import { RegistrationsService } from './registrations.service';
import { InvitationsService } from './invitations.service';
import { SessionRolesService } from './session-roles.service';
import { RetentionService } from './retention.service';
import { PublicRegistrationsController } from './public-registrations.controller';
import { OrganiserRegistrationsController } from './organiser-registrations.controller';
import { MeController } from './me.controller';
import { AccessModule } from '../access/access.module';
import { ProgrammeModule } from '../programme/programme.module';

/** Registration, the waiting list, invitations, the personal space and who may do what in a session. */
@Module({
  imports: [TypeOrmModule.forFeature([Registration]), AccessModule, ProgrammeModule],
  controllers: [PublicRegistrationsController, OrganiserRegistrationsController, MeController],
  providers: [RegistrationsService, InvitationsService, SessionRolesService, RetentionService],
  exports: [RegistrationsService, SessionRolesService],
})
export class RegistrationsModule {}
