import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { STORAGE } from './storage';
import { LocalDiskStorage } from './local-disk.storage';

@Global()
@Module({
  providers: [{ provide: STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalDiskStorage(config.storage.dir) }],
  exports: [STORAGE],
})
export class StorageModule {}
