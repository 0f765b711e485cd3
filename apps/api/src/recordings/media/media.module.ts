import { Module } from '@nestjs/common';

/** Issue 15: filled in by its part (see the module's files). */
@Module({})
export class MediaModule {}
