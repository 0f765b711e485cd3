import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time, as the features that act on a schedule see it (reminders, change notices). One
 * provider, so that a test drives time by replacing `now` on the app's instance (in-process),
 * instead of waiting for the wall clock; there is no route or variable that moves it in production.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
