import { Body, Controller, Delete, Get, HttpCode, Param, Post, Patch, Put, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  addCoOrganiserSchema,
  createEventSchema,
  inviteCoOrganiserSchema,
  DOWNLOAD_KINDS,
  downloadMetadataSchema,
  downloadOrderSchema,
  MATERIAL_FILE_TYPES,
  type DownloadOrderInput,
  updateEventSchema,
  type AddCoOrganiserInput,
  type CreateEventInput,
  type DownloadView,
  type EventOrganiserView,
  type EventSummaryView,
  type InviteCoOrganiserInput,
  type InviteCoOrganiserResult,
  type OrganiserInvitationView,
  type OrganiserEventView,
  type UpdateEventInput,
} from '@amphi/contracts';
import { EventsService } from './events.service';
import { CoOrganisersService } from './co-organisers.service';
import { SessionsService } from '../programme/sessions.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../accounts/access-token.service';
import { ValidationFailed } from '../common/domain-errors';
import { parseOrThrow } from '../common/validation';
import { sendDownload } from './send-download';
import { UploadLimitInterceptor } from './upload-limit.interceptor';
import type { Event } from './event.entity';

@ApiTags('organisers: events')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly coOrganisers: CoOrganisersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The events I own or co-organise' })
  list(@CurrentOrganiser() me: OrganiserPrincipal): Promise<EventSummaryView[]> {
    return this.events.listManaged(me);
  }

  @Post()
  @ApiOperation({ summary: 'Create an event (as a draft); I become its owner' })
  async create(@CurrentOrganiser() me: OrganiserPrincipal, @Body({ schema: createEventSchema }) input: CreateEventInput): Promise<OrganiserEventView> {
    return this.fullView(await this.events.create(me, input));
  }

  @Get(':eventId')
  @ApiOperation({ summary: 'An event I manage, drafts included, with its programme and organisers' })
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<OrganiserEventView> {
    return this.fullView(await this.events.requireManaged(me, eventId));
  }

  @Patch(':eventId')
  @ApiOperation({ summary: 'Change an event; new dates or zone must still hold every session (409 otherwise)' })
  async update(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Body({ schema: updateEventSchema }) patch: UpdateEventInput,
  ): Promise<OrganiserEventView> {
    const event = await this.events.requireManaged(me, eventId);
    return this.fullView(await this.events.update(event, patch));
  }

  @Delete(':eventId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an event with its programme and files (owner only)' })
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<void> {
    await this.events.delete(await this.events.requireOwner(me, eventId));
  }

  @Post(':eventId/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the event and its programme public' })
  async publish(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<OrganiserEventView> {
    return this.fullView(await this.events.setStatus(await this.events.requireManaged(me, eventId), 'published'));
  }

  @Post(':eventId/unpublish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the event back to draft: the public no longer sees it' })
  async unpublish(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<OrganiserEventView> {
    return this.fullView(await this.events.setStatus(await this.events.requireManaged(me, eventId), 'draft'));
  }

  @Get(':eventId/organisers')
  @ApiOperation({ summary: 'The owner and co-organisers of the event' })
  async organisers(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<EventOrganiserView[]> {
    return this.events.listOrganisers(await this.events.requireManaged(me, eventId));
  }

  @Post(':eventId/organisers')
  @ApiOperation({ summary: 'Add a co-organiser (owner only); creates their account when it does not exist' })
  async addOrganiser(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Body({ schema: addCoOrganiserSchema }) input: AddCoOrganiserInput,
  ): Promise<EventOrganiserView[]> {
    return this.events.addCoOrganiser(await this.events.requireOwner(me, eventId), input);
  }

  @Delete(':eventId/organisers/:organiserId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a co-organiser (owner only)' })
  async removeOrganiser(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('organiserId') organiserId: string): Promise<void> {
    await this.events.removeOrganiser(await this.events.requireOwner(me, eventId), organiserId);
  }

  @Get(':eventId/organiser-invitations')
  @ApiOperation({ summary: 'The invitations to co-organise the event that were not accepted yet and have not expired' })
  async organiserInvitations(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<OrganiserInvitationView[]> {
    return this.coOrganisers.listPending(await this.events.requireManaged(me, eventId));
  }

  @Post(':eventId/organiser-invitations')
  @ApiOperation({
    summary:
      'Invite a co-organiser by e-mail (owner only): an existing account is added and told by mail (outcome "added"); another address is mailed a single-use link, valid 7 days, to create its account (outcome "invited"). 409 ORGANISER_ALREADY_IN_EVENT.',
  })
  async inviteOrganiser(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Body({ schema: inviteCoOrganiserSchema }) input: InviteCoOrganiserInput,
  ): Promise<InviteCoOrganiserResult> {
    return this.coOrganisers.invite(await this.events.requireOwner(me, eventId), me, input);
  }

  @Delete(':eventId/organiser-invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation to co-organise (owner only): its link stops working' })
  async withdrawOrganiserInvitation(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('invitationId') invitationId: string): Promise<void> {
    await this.coOrganisers.withdraw(await this.events.requireOwner(me, eventId), invitationId);
  }

  @Post(':eventId/downloads')
  @UseInterceptors(UploadLimitInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary', description: `Up to MAX_UPLOAD_MB. Its type is read from its bytes: ${Object.keys(MATERIAL_FILE_TYPES).join(', ')}.` },
        kind: { type: 'string', enum: [...DOWNLOAD_KINDS] },
        'title.fr': { type: 'string' },
        'title.en': { type: 'string' },
        talkId: { type: 'string', format: 'uuid', description: 'A talk of the event: the file is that talk’s material (slides, paper).' },
      },
    },
  })
  @ApiOperation({
    summary: 'Attach a file to the event (poster, programme, proceedings...) or, with talkId, to one of its talks (slides, paper)',
    description: 'The type is read from the file’s first bytes, whatever its name or declared type: PDF, images, slides, documents (415 FILE_TYPE_NOT_ACCEPTED otherwise). Over MAX_UPLOAD_MB: 413 PAYLOAD_TOO_LARGE, before the body is read when Content-Length says so.',
  })
  async addDownload(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, string>,
  ): Promise<DownloadView> {
    const event = await this.events.requireManaged(me, eventId);
    const meta = parseOrThrow(downloadMetadataSchema, {
      kind: body?.kind,
      title: Object.fromEntries(['fr', 'en'].filter((l) => body?.[`title.${l}`]).map((l) => [l, body[`title.${l}`]])),
      ...(body?.talkId ? { talkId: body.talkId } : {}),
    });
    if (!file) throw ValidationFailed.rule('file', 'file_required');
    return this.events.addDownload(event, file, meta);
  }

  @Get(':eventId/downloads')
  @ApiOperation({ summary: 'Every file of the event: its own first, then each talk’s materials, each list in its order' })
  async listDownloads(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<DownloadView[]> {
    return this.events.listDownloads(await this.events.requireManaged(me, eventId));
  }

  @Put(':eventId/downloads/order')
  @ApiOperation({ summary: 'Order the event’s own files (talkId null) or one talk’s materials: the given ones first, in that order' })
  async reorderDownloads(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Body({ schema: downloadOrderSchema }) order: DownloadOrderInput,
  ): Promise<DownloadView[]> {
    return this.events.reorderDownloads(await this.events.requireManaged(me, eventId), order);
  }

  @Get(':eventId/downloads/:downloadId')
  @ApiOperation({ summary: 'Fetch an attached file, drafts included' })
  async getDownload(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('downloadId') downloadId: string, @Res() res: Response): Promise<void> {
    const event = await this.events.requireManaged(me, eventId);
    const download = await this.events.requireDownload(event, downloadId);
    await sendDownload(res, download, await this.events.openDownload(download));
  }

  @Delete(':eventId/downloads/:downloadId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an attached file' })
  async removeDownload(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('downloadId') downloadId: string): Promise<void> {
    await this.events.removeDownload(await this.events.requireManaged(me, eventId), downloadId);
  }

  private async fullView(event: Event): Promise<OrganiserEventView> {
    const [view, sessions, organisers] = await Promise.all([this.events.toView(event), this.sessions.list(event), this.events.listOrganisers(event)]);
    return { ...view, sessions, organisers };
  }
}
