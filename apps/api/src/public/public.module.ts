import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { CallCoreModule } from '../call/call-core.module';
import { PublicController } from './public.controller';
import { CalendarService } from './calendar.service';

@Module({ imports: [ProgrammeModule, CallCoreModule], controllers: [PublicController], providers: [CalendarService] })
export class PublicModule {}
