import { Global, Injectable, Module } from '@nestjs/common';

/** Whether this process is stopping (set by the graceful stop; read by /api/health). */
@Injectable()
export class ShutdownState {
  draining = false;
}

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class ShutdownStateModule {}
