import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { DemoService } from './demo.service';
import { CallSubmissionsModule } from '../call/submissions/call-submissions.module';

@Module({ imports: [ProgrammeModule, CallSubmissionsModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
