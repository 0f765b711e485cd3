import { Module } from '@nestjs/common';
import { SessionChannel } from './session-channel';

/** A session's realtime channel (socket.io rooms shared between processes by the adapter). */
@Module({ providers: [SessionChannel], exports: [SessionChannel] })
export class RealtimeModule {}
