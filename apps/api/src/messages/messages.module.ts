import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ProgrammeModule } from '../programme/programme.module';
import { RemindersService } from './reminders.service';
import { ChangeNoticesService } from './change-notices.service';
import { OrganiserMessagesService } from './organiser-messages.service';
import { MessagesScheduler } from './messages.scheduler';
import { MeRemindersController, MessagesController } from './messages.controller';

/** Reminders, change notices and messages from the organiser, all through the mail outbox (issue 13, item 6). */
@Module({
  imports: [AccessModule, ProgrammeModule],
  controllers: [MessagesController, MeRemindersController],
  providers: [RemindersService, ChangeNoticesService, OrganiserMessagesService, MessagesScheduler],
  exports: [MessagesScheduler],
})
export class MessagesModule {}
