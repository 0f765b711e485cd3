import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { PublicController } from './public.controller';
import { CalendarService } from './calendar.service';

@Module({ imports: [ProgrammeModule], controllers: [PublicController], providers: [CalendarService] })
export class PublicModule {}
