import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { muteTrackSchema, removeParticipantSchema, stageInviteSchema, type LiveJoinView, type LiveRoomView, type LiveStateView, type MuteTrackInput, type RemoveParticipantInput, type StageInviteInput } from '@amphi/contracts';
import { LiveService } from './live.service';
import { CurrentPrincipal } from '../access/participant-auth.guard';
import { SessionPrincipalGuard } from '../session-access/session-principal.guard';
import type { Principal } from '../accounts/access-token.service';

/**
 * A session's live room: join it (a LiveKit token for one's role), and the chair's controls.
 * Every action asks the session-access policy, which also checks the personal link (hence the
 * guard that only verifies the token).
 */
@ApiTags('live rooms')
@ApiBearerAuth()
@UseGuards(SessionPrincipalGuard)
@Controller('sessions/:sessionId/live')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  @Post('join')
  @HttpCode(200)
  @ApiOperation({ summary: 'A LiveKit token for this session’s room, with the rights of one’s role (403 LIVE_NOT_OPEN with the opening time, LIVE_ENDED, REMOVED_FROM_SESSION, NO_SESSION_ROLE)' })
  join(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveJoinView> {
    return this.live.join(me, sessionId);
  }

  @Get()
  @ApiOperation({ summary: 'The room’s state and its times (backstage, doors, closing)' })
  state(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveStateView> {
    return this.live.state(me, sessionId);
  }

  @Get('room')
  @ApiOperation({ summary: 'Chairs and organisers: who is in the room, on stage, with which tracks' })
  room(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveRoomView> {
    return this.live.room(me, sessionId);
  }

  @Post('go-live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: open the doors to attendees' })
  goLive(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveStateView> {
    return this.live.goLive(me, sessionId);
  }

  @Post('end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: end the session for everyone (409 LIVE_ENDED when it already has)' })
  end(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveStateView> {
    return this.live.end(me, sessionId);
  }

  @Post('reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: reopen a session they ended, until its closing time (409 REOPEN_WINDOW_PASSED after it)' })
  reopen(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string): Promise<LiveStateView> {
    return this.live.reopen(me, sessionId);
  }

  @Post('stage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: invite an attendee on stage (camera and microphone); their raised hand leaves the queue' })
  invite(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string, @Body({ schema: stageInviteSchema }) body: StageInviteInput): Promise<LiveRoomView> {
    return this.live.inviteOnStage(me, sessionId, body.identity);
  }

  @Delete('stage/:identity')
  @ApiOperation({ summary: 'Chairs and organisers: take an attendee off stage (their tracks stop)' })
  takeOff(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string, @Param('identity') identity: string): Promise<LiveRoomView> {
    return this.live.takeOffStage(me, sessionId, identity);
  }

  @Post('mute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: mute (or unmute) someone’s track' })
  mute(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string, @Body({ schema: muteTrackSchema }) body: MuteTrackInput): Promise<LiveRoomView> {
    return this.live.mute(me, sessionId, body.identity, body.trackSid, body.muted);
  }

  @Post('remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chairs and organisers: remove someone from the room; they get no new token for this session' })
  remove(@CurrentPrincipal() me: Principal, @Param('sessionId') sessionId: string, @Body({ schema: removeParticipantSchema }) body: RemoveParticipantInput): Promise<LiveRoomView> {
    return this.live.remove(me, sessionId, body.identity, body.reason);
  }
}
