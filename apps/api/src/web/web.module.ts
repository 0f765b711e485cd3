import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { PageMetaService } from './page-meta.service';

/** What the server adds to the web app's pages: the link previews of the public pages (configure-app.ts serves them). */
@Module({ imports: [ProgrammeModule, RecordingsModule], providers: [PageMetaService], exports: [PageMetaService] })
export class WebModule {}
