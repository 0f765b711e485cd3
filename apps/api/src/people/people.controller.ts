import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createPersonSchema, updatePersonSchema, type CreatePersonInput, type PersonView, type UpdatePersonInput } from '@amphi/contracts';
import { PeopleService, toPersonView } from './people.service';
import { EventsService } from '../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../accounts/access-token.service';

@ApiTags('organisers: people')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/people')
export class PeopleController {
  constructor(
    private readonly events: EventsService,
    private readonly people: PeopleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The people of the event (chairs, speakers, panelists, committee members), e-mails included' })
  async list(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<PersonView[]> {
    const event = await this.events.requireManaged(me, eventId);
    return (await this.people.list(event.id)).map(toPersonView);
  }

  @Post()
  @ApiOperation({ summary: 'Add a person to the event' })
  async create(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: createPersonSchema }) input: CreatePersonInput): Promise<PersonView> {
    const event = await this.events.requireManaged(me, eventId);
    return toPersonView(await this.people.create(event.id, input));
  }

  @Get(':personId')
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('personId') personId: string): Promise<PersonView> {
    const event = await this.events.requireManaged(me, eventId);
    return toPersonView(await this.people.get(event.id, personId));
  }

  @Patch(':personId')
  async update(
    @CurrentOrganiser() me: OrganiserPrincipal,
    @Param('eventId') eventId: string,
    @Param('personId') personId: string,
    @Body({ schema: updatePersonSchema }) input: UpdatePersonInput,
  ): Promise<PersonView> {
    const event = await this.events.requireManaged(me, eventId);
    return toPersonView(await this.people.update(event.id, personId, input));
  }

  @Delete(':personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a person; refused (409) while the programme still names them' })
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('personId') personId: string): Promise<void> {
    const event = await this.events.requireManaged(me, eventId);
    await this.people.delete(event.id, personId);
  }
}
