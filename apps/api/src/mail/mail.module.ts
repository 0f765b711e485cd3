import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import { OutboxService } from './outbox.service';
import { MailSender } from './mail-sender';
import { MAIL_TRANSPORT, createMailTransport } from './mail-transport';
import { DevMailboxController } from './dev-mailbox.controller';

/**
 * E-mail, behind an outbox: features call OutboxService (enqueue in their transaction, then
 * kick); MailSender delivers through SMTP (SMTP_URL) or into the mailbox folder.
 */
@Global()
@Module({
  providers: [OutboxService, MailSender, { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: createMailTransport }],
  controllers: [DevMailboxController],
  exports: [OutboxService],
})
export class MailModule {}
