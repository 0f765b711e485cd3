import { Module } from '@nestjs/common';
import { RecordingsModule } from '../recordings.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { OrganiserPodcastController, PublicPodcastController } from './podcast.controller';
import { PodcastSettingsService } from './podcast-settings.service';

/**
 * The event's podcast (issue 15): its settings and artwork (uploaded, or generated from the title),
 * its subscribe page's facts, and its feed (podcast.xml) as directories accept it.
 */
@Module({
  imports: [RecordingsModule, ProgrammeModule],
  controllers: [OrganiserPodcastController, PublicPodcastController],
  providers: [PodcastSettingsService],
})
export class PodcastModule {}
