import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import {
  invitationsSchema,
  resendInvitationSchema,
  organiserAddRegistrationSchema,
  registrationQuerySchema,
  type InvitationsInput,
  type InvitationsResult,
  type InvitationStatusView,
  type ResendInvitationInput,
  type ResendInvitationResult,
  type OrganiserAddRegistrationInput,
  type RegistrationListView,
  type RegistrationQuery,
  type RegistrationView,
} from '@amphi/contracts';
import { EventsService } from '../events/events.service';
import { RegistrationsService } from './registrations.service';
import { InvitationsService } from './invitations.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../accounts/access-token.service';

@ApiTags('organisers: registrations')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId')
export class OrganiserRegistrationsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('registrations')
  @ApiOperation({ summary: 'Registrations with counts; search by name, e-mail or affiliation; filter by status or category' })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Query({ schema: registrationQuerySchema }) query: RegistrationQuery): Promise<RegistrationListView> {
    return this.registrations.list(await this.events.requireManaged(me, eventId), query);
  }

  @Get('registrations.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The attendee list as CSV (same filters)' })
  async csv(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Query({ schema: registrationQuerySchema }) query: RegistrationQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const event = await this.events.requireManaged(me, eventId);
    const { registrations } = await this.registrations.list(event, query);
    res.setHeader('Content-Disposition', `attachment; filename="${event.slug}-registrations.csv"`);
    // A BOM so that spreadsheet programs read the accents right.
    return (
      '\ufeff' +
      stringify(
        registrations.map((r) => ({ ...r, waitlistPosition: r.waitlistPosition ?? '', listConsent: r.listConsent ? 'yes' : 'no' })),
        {
          header: true,
          columns: ['name', 'email', 'affiliation', 'category', 'language', 'status', 'waitlistPosition', 'listConsent', 'registeredAt', 'confirmedAt', 'cancelledAt'],
          // Cells starting with =, +, - or @ are run as formulas by spreadsheets: neutralise them.
          cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
        },
      )
    );
  }

  @Post('registrations')
  @ApiOperation({ summary: 'Add someone (registration need not be open); overrideCapacity confirms them past capacity' })
  async add(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: organiserAddRegistrationSchema }) input: OrganiserAddRegistrationInput): Promise<RegistrationView> {
    return this.registrations.addByOrganiser(await this.events.requireManaged(me, eventId), input);
  }

  @Delete('registrations/:registrationId')
  @ApiOperation({ summary: 'Remove someone: their registration is cancelled, their link stops working, the next on the waiting list gets the seat' })
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('registrationId') registrationId: string): Promise<RegistrationView> {
    return this.registrations.cancel(await this.events.requireManaged(me, eventId), registrationId, 'organiser');
  }

  @Post('registrations/fill-seats')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give free seats to the waiting list in arrival order (after raising the capacity)' })
  async fill(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<{ promoted: number }> {
    return { promoted: await this.registrations.fillFreeSeats(await this.events.requireManaged(me, eventId)) };
  }

  @Post('invitations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'E-mail personal links to the chairs, speakers and panelists of the programme (or to the people named) not invited yet',
    description: 'Those whose link still works, and those without an e-mail address, are skipped and listed with the reason; no working link is retired.',
  })
  async invite(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: invitationsSchema }) input: InvitationsInput): Promise<InvitationsResult> {
    return this.invitations.invite(await this.events.requireManaged(me, eventId), input.personIds);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Each person of the event: not invited, invited (when), opened (first use of the link), and their recording consents' })
  async invitationStatuses(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<InvitationStatusView[]> {
    return this.invitations.statuses(await this.events.requireManaged(me, eventId));
  }

  @Post('people/:personId/invitation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the invitation again to one person: the same link while it works; replaceLink makes a new one and stops the old one',
    description: '409 INVITATION_LINK_NOT_RESENDABLE when the working link cannot be mailed again (made before this was possible): ask the organiser, then replace it.',
  })
  async resendInvitation(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('personId') personId: string,
    @Body({ schema: resendInvitationSchema }) input: ResendInvitationInput,
  ): Promise<ResendInvitationResult> {
    return this.invitations.resend(await this.events.requireManaged(me, eventId), personId, input.replaceLink);
  }
}
