import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Event } from '../events/event.entity';
import { EventOrganiser } from '../events/event-organiser.entity';
import { CommitteeMember } from '../events/committee-member.entity';
import { Download } from '../events/download.entity';
import { EventsService } from '../events/events.service';
import { EventsController } from '../events/events.controller';
import { OrganiserInvitation } from '../events/organiser-invitation.entity';
import { CoOrganisersService } from '../events/co-organisers.service';
import { OrganiserInvitationsController } from '../events/organiser-invitations.controller';
import { Person } from '../people/person.entity';
import { PeopleService } from '../people/people.service';
import { PeopleController } from '../people/people.controller';
import { Session } from './session.entity';
import { SessionChair, SessionPanelist } from './session-person.entity';
import { Talk, TalkSpeaker } from './talk.entity';
import { SessionsService } from './sessions.service';
import { SessionsController } from './sessions.controller';

/**
 * An event's programme as one Nest module: the event (events/), its people (people/) and its
 * sessions (programme/). Their rules are intertwined (a session must fit the event's dates, a
 * person must belong to the event), so they share one module while each folder keeps its own
 * entities, service and controller. Dependencies point one way: events → sessions → people.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Event, EventOrganiser, CommitteeMember, Download, OrganiserInvitation, Person, Session, SessionChair, SessionPanelist, Talk, TalkSpeaker]),
    // Uploads (event downloads): one file, at most MAX_UPLOAD_MB; past it multer answers 413.
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ limits: { fileSize: config.storage.maxUploadBytes, files: 1, fields: 10 } }) }),
  ],
  controllers: [EventsController, PeopleController, SessionsController, OrganiserInvitationsController],
  providers: [EventsService, PeopleService, SessionsService, CoOrganisersService],
  exports: [EventsService, PeopleService, SessionsService],
})
export class ProgrammeModule {}
