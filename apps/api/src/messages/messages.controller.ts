import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  organiserMessageDraftSchema,
  reminderPreferenceSchema,
  reminderSettingsSchema,
  sendOrganiserMessageSchema,
  type OrganiserMessageDraft,
  type OrganiserMessagePreview,
  type OrganiserMessageView,
  type ReminderPreferenceInput,
  type ReminderPreferenceView,
  type ReminderSettings,
  type SendOrganiserMessageInput,
} from '@amphi/contracts';
import { EventsService } from '../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal, ParticipantPrincipal } from '../accounts/access-token.service';
import { CurrentParticipant, ParticipantAuthGuard } from '../access/participant-auth.guard';
import { RemindersService } from './reminders.service';
import { OrganiserMessagesService } from './organiser-messages.service';

@ApiTags('organisers: reminders and messages')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId')
export class MessagesController {
  constructor(
    private readonly events: EventsService,
    private readonly reminders: RemindersService,
    private readonly messages: OrganiserMessagesService,
  ) {}

  @Get('reminder-settings')
  @ApiOperation({ summary: "The event's reminders: hours before the event, minutes before each session (each can be off)" })
  async settings(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<ReminderSettings> {
    return this.reminders.settings(await this.events.requireManaged(me, eventId));
  }

  @Put('reminder-settings')
  @ApiOperation({ summary: "Change the event's reminders" })
  async saveSettings(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: reminderSettingsSchema }) input: ReminderSettings): Promise<ReminderSettings> {
    return this.reminders.saveSettings(await this.events.requireManaged(me, eventId), input);
  }

  @Get('messages')
  @ApiOperation({ summary: 'The messages sent to registrants, newest first, with their counts' })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<OrganiserMessageView[]> {
    return this.messages.list(await this.events.requireManaged(me, eventId));
  }

  @Post('messages/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'A message as its first recipient will read it, and how many will receive it (nothing is sent)' })
  async preview(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: organiserMessageDraftSchema }) draft: OrganiserMessageDraft): Promise<OrganiserMessagePreview> {
    return this.messages.preview(await this.events.requireManaged(me, eventId), draft);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Send a message to the registrants, one category or the waiting list; the same idempotencyKey sends once' })
  async send(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: sendOrganiserMessageSchema }) input: SendOrganiserMessageInput): Promise<OrganiserMessageView> {
    return this.messages.send(await this.events.requireManaged(me, eventId), me.organiserId, input);
  }
}

/** The personal space's choice about reminders (change notices, being service messages, keep coming). */
@ApiTags('personal space')
@ApiBearerAuth()
@UseGuards(ParticipantAuthGuard)
@Controller('me/reminders')
export class MeRemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @ApiOperation({ summary: 'Whether I receive reminders (403 LINK_NOT_REGISTRATION for an invited person)' })
  async get(@CurrentParticipant() me: ParticipantPrincipal): Promise<ReminderPreferenceView> {
    return this.reminders.preference(me.registrationId);
  }

  @Put()
  @ApiOperation({ summary: 'Stop (reminders: false) or resume my reminders' })
  async set(@CurrentParticipant() me: ParticipantPrincipal, @Body({ schema: reminderPreferenceSchema }) input: ReminderPreferenceInput): Promise<ReminderPreferenceView> {
    return this.reminders.setPreference(me.registrationId, input.reminders);
  }
}
