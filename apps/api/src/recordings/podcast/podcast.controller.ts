import { Body, Controller, Delete, Get, Header, Param, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { podcastSettingsSchema, type PodcastSettingsInput, type PodcastSettingsView, type PodcastView } from '@amphi/contracts';
import { EventsService } from '../../events/events.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../../accounts/organiser-auth.guard';
import type { OrganiserPrincipal } from '../../accounts/access-token.service';
import type { Event } from '../../events/event.entity';
import { PodcastSettingsService } from './podcast-settings.service';

/** Sends the event's artwork with its type, length and ETag (304 when the client has it). */
async function sendArtwork(podcast: PodcastSettingsService, event: Event, req: Request, res: Response, cacheControl: string): Promise<void> {
  const artwork = await podcast.artworkFile(event);
  const etag = `"${artwork.tag}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Content-Type', artwork.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', `inline; filename="podcast-artwork.${artwork.extension}"`);
  if (req.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', String(artwork.size));
  if (req.method === 'HEAD') {
    res.status(200).end();
    return;
  }
  res.status(200);
  try {
    await pipeline(await podcast.readArtwork(artwork.key), res);
  } catch (error) {
    // The client went away mid-way (an app that had enough, a page left): nobody is left to answer.
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}

@ApiTags('podcast (organisers)')
@ApiBearerAuth()
@UseGuards(OrganiserAuthGuard)
@Controller('events/:eventId/podcast')
export class OrganiserPodcastController {
  constructor(
    private readonly podcast: PodcastSettingsService,
    private readonly events: EventsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What the event’s podcast feed says: owner, author, categories, explicit flag (with the defaults taken from the event), and its artwork' })
  async get(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<PodcastSettingsView> {
    return this.podcast.view(await this.events.requireManaged(me, eventId));
  }

  @Put()
  @ApiOperation({ summary: 'Set the podcast’s owner, author, categories, explicit flag; null puts a field back to its default, an absent one is left as it is' })
  async update(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Body({ schema: podcastSettingsSchema }) input: PodcastSettingsInput): Promise<PodcastSettingsView> {
    return this.podcast.update(await this.events.requireManaged(me, eventId), input);
  }

  @Get('artwork')
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOperation({ summary: 'The podcast’s artwork, for the organisers’ preview (also before the event is published)' })
  async artwork(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await sendArtwork(this.podcast, await this.events.requireManaged(me, eventId), req, res, 'private, no-cache');
  }

  @Put('artwork')
  @ApiConsumes('image/png', 'image/jpeg')
  @ApiOperation({
    summary: 'Upload the podcast’s artwork: the image as the request body (up to 10 MB)',
    description: 'A JPEG or PNG image, square, 1400 to 3000 pixels a side, as podcast directories require. The type is read from the file’s bytes and the size from the image itself; anything else is refused with 422 ARTWORK_NOT_ACCEPTED, which says why.',
  })
  async upload(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Req() req: Request): Promise<PodcastSettingsView> {
    const event = await this.events.requireManaged(me, eventId);
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    return this.podcast.uploadArtwork(event, req, Number.isFinite(length) ? length : undefined);
  }

  @Delete('artwork')
  @ApiOperation({ summary: 'Remove the uploaded artwork: the feed shows the one generated from the event’s title again' })
  async remove(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string): Promise<PodcastSettingsView> {
    return this.podcast.removeArtwork(await this.events.requireManaged(me, eventId));
  }
}

@ApiTags('public')
@Controller('public/events/:slug')
export class PublicPodcastController {
  constructor(
    private readonly podcast: PodcastSettingsService,
    private readonly events: EventsService,
  ) {}

  @Get('podcast')
  @ApiOperation({ summary: 'The podcast’s subscribe page: title, description, author, the feed’s address, the artwork, the number of episodes' })
  async view(@Param('slug') slug: string): Promise<PodcastView> {
    return this.podcast.publicView(await this.events.requirePublishedBySlug(slug));
  }

  @Get('podcast.xml')
  @Header('Content-Type', 'application/rss+xml; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiProduces('application/rss+xml')
  @ApiOperation({
    summary: 'The event’s podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, one episode per published recording',
    description: 'Owner, author, categories, explicit flag and artwork as the organisers set them; each episode’s enclosure is its podcast MP3 once made (else the original file), with its duration, chapters, WebVTT transcript and people.',
  })
  async feed(@Param('slug') slug: string): Promise<string> {
    return this.podcast.feed(await this.events.requirePublishedBySlug(slug));
  }

  @Get(['podcast/artwork', 'podcast/artwork.png', 'podcast/artwork.jpg'])
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOperation({ summary: 'The podcast’s artwork (square, 1400–3000 px): the uploaded one, else one generated from the event’s title; the feed links it with the extension of its type' })
  async artwork(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await sendArtwork(this.podcast, await this.events.requirePublishedBySlug(slug), req, res, 'public, max-age=3600');
  }
}
