import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { DemoService } from './demo.service';
import { CallSubmissionsModule } from '../call/submissions/call-submissions.module';
import { RecordingsModule } from '../recordings/recordings.module';

@Module({ imports: [ProgrammeModule, CallSubmissionsModule, RecordingsModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
