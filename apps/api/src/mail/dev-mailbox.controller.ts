import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiExcludeController, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotFound } from '../common/domain-errors';
import { MailboxFolder, type MailboxEntry } from './mailbox-folder';

/**
 * The development mailbox: the mails written to MAILBOX_DIR (SMTP_URL unset), so that a
 * developer can open a personal link without a mail server. Answers 404 in production, where
 * those mails hold other people's links.
 */
@ApiTags('development')
// Hidden from the published API description in production (where it answers 404 anyway).
@ApiExcludeController(process.env.NODE_ENV === 'production')
@Controller('dev/mailbox')
export class DevMailboxController {
  private readonly mailbox: MailboxFolder;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mailbox = new MailboxFolder(config.mail.mailboxDir);
  }

  @Get()
  @ApiOperation({ summary: 'Development only: the mails written to the mailbox folder, latest first' })
  list(): Promise<MailboxEntry[]> {
    this.requireDevelopment();
    return this.mailbox.list();
  }

  @Get(':id')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'Development only: one mail as text (headers, then the plain-text body with its links)' })
  async read(@Param('id') id: string): Promise<string> {
    this.requireDevelopment();
    const text = await this.mailbox.readable(id);
    if (text === null) throw new NotFound('mail');
    return text;
  }

  @Get(':id/raw')
  @ApiOperation({ summary: 'Development only: one mail as sent (an .eml file, with its HTML version)' })
  async raw(@Param('id') id: string): Promise<StreamableFile> {
    this.requireDevelopment();
    const eml = await this.mailbox.raw(id);
    if (eml === null) throw new NotFound('mail');
    return new StreamableFile(eml, { type: 'message/rfc822', disposition: `inline; filename="${id}.eml"`, length: eml.length });
  }

  private requireDevelopment(): void {
    if (this.config.env === 'production') throw new NotFound('mailbox');
  }
}
