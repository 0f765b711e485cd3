import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventSummaryView, EventWithProgrammeView, PersonWithSessionsView, SessionView } from '@amphi/contracts';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { PeopleService, toPersonPublicView } from '../people/people.service';
import { CalendarService } from './calendar.service';
import { languageQuerySchema, type LanguageQuery } from '../common/route-params';
import { sendDownload } from '../events/send-download';
import { CallCoreService } from '../call/call-core.service';

/** What anyone may read: published events only. Nothing here carries an e-mail address. */
@ApiTags('public')
@Controller('public/events')
export class PublicController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly people: PeopleService,
    private readonly calendar: CalendarService,
    private readonly callCore: CallCoreService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Published events, most recent first' })
  list(): Promise<EventSummaryView[]> {
    return this.events.listPublished();
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A published event with its programme; times in ISO-8601 with the event zone offset' })
  async get(@Param('slug') slug: string): Promise<EventWithProgrammeView> {
    const event = await this.events.requirePublishedBySlug(slug);
    const [view, sessions, call] = await Promise.all([this.events.toView(event), this.sessions.list(event), this.callCore.findCall(event.id)]);
    // Whether the event page shows the call's box (it reads the call itself only then, never a 404).
    return { ...view, sessions: await this.events.withTalkMaterials(event, sessions), callPublished: !!call?.published };
  }

  @Get(':slug/programme.ics')
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({ summary: 'The whole programme as iCalendar' })
  async programmeCalendar(@Param('slug') slug: string, @Query({ schema: languageQuerySchema }) query: LanguageQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const event = await this.events.requirePublishedBySlug(slug);
    res.setHeader('Content-Disposition', `attachment; filename="${event.slug}.ics"`);
    return this.calendar.programme(event, await this.sessions.list(event), query.lang);
  }

  @Get(':slug/sessions/:sessionId')
  @ApiOperation({ summary: 'One session of a published programme, with its talks’ materials' })
  async session(@Param('slug') slug: string, @Param('sessionId') sessionId: string): Promise<SessionView> {
    const event = await this.events.requirePublishedBySlug(slug);
    const [session] = await this.events.withTalkMaterials(event, [await this.sessions.get(event, sessionId)]);
    return session!;
  }

  @Get(':slug/sessions/:sessionId/calendar.ics')
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({ summary: 'One session as iCalendar' })
  async sessionCalendar(
    @Param('slug') slug: string,
    @Param('sessionId') sessionId: string,
    @Query({ schema: languageQuerySchema }) query: LanguageQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const event = await this.events.requirePublishedBySlug(slug);
    const session = await this.sessions.get(event, sessionId);
    res.setHeader('Content-Disposition', `attachment; filename="${event.slug}-${session.id.slice(0, 8)}.ics"`);
    return this.calendar.programme(event, [session], query.lang);
  }

  @Get(':slug/people/:personId')
  @ApiOperation({ summary: 'A person of a published event with the sessions they chair, speak or sit on the panel in' })
  async person(@Param('slug') slug: string, @Param('personId') personId: string): Promise<PersonWithSessionsView> {
    const event = await this.events.requirePublishedBySlug(slug);
    const person = await this.people.get(event.id, personId);
    return { ...toPersonPublicView(person), sessions: await this.events.withTalkMaterials(event, await this.sessions.listForPerson(event, person.id)) };
  }

  @Get(':slug/downloads/:downloadId')
  @ApiOperation({ summary: 'A file offered by a published event, or a material of one of its talks' })
  async download(@Param('slug') slug: string, @Param('downloadId') downloadId: string, @Res() res: Response): Promise<void> {
    const event = await this.events.requirePublishedBySlug(slug);
    const download = await this.events.requireDownload(event, downloadId);
    await sendDownload(res, download, await this.events.openDownload(download));
  }
}
