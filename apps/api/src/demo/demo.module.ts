import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { DemoService } from './demo.service';

@Module({ imports: [ProgrammeModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
