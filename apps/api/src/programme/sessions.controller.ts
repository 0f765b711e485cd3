import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createSessionSchema, updateSessionSchema, type CreateSessionInput, type SessionView, type UpdateSessionInput } from '@amphi/contracts';
import { SessionsService } from './sessions.service';
import { EventsService } from '../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../accounts/access-token.service';

@ApiTags('organisers: programme')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/sessions')
export class SessionsController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The programme: sessions in time order' })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<SessionView[]> {
    return this.sessions.list(await this.events.requireManaged(me, eventId));
  }

  @Post()
  @ApiOperation({
    summary: 'Add a session',
    description:
      'Times without an offset are wall-clock times in the event zone. Refused with 409 and every conflict listed: outside the event dates, overlapping another session on the same stage, a person in two overlapping sessions, talks longer than the session.',
  })
  async create(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: createSessionSchema }) input: CreateSessionInput): Promise<SessionView> {
    return this.sessions.create(await this.events.requireManaged(me, eventId), input);
  }

  @Get(':sessionId')
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('sessionId') sessionId: string): Promise<SessionView> {
    return this.sessions.get(await this.events.requireManaged(me, eventId), sessionId);
  }

  @Patch(':sessionId')
  @ApiOperation({ summary: 'Change a session; lists given (chairs, talks, panelists) replace the stored ones; same rules as creation' })
  async update(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('sessionId') sessionId: string,
    @Body({ schema: updateSessionSchema }) patch: UpdateSessionInput,
  ): Promise<SessionView> {
    return this.sessions.update(await this.events.requireManaged(me, eventId), sessionId, patch);
  }

  @Delete(':sessionId')
  @HttpCode(204)
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('sessionId') sessionId: string): Promise<void> {
    await this.sessions.delete(await this.events.requireManaged(me, eventId), sessionId);
  }
}
