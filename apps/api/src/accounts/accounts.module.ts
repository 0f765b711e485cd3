import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JwtModule } from '@nestjs/jwt';
import { Organiser } from './organiser.entity';
import { AccountsService } from './accounts.service';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { OrganiserAuthGuard } from './organiser-auth.guard';
import { APP_CONFIG, type AppConfig } from '../config/config';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Organiser]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.auth.secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [AuthController],
  providers: [AccountsService, AccessTokenService, OrganiserAuthGuard],
  exports: [AccountsService, AccessTokenService, OrganiserAuthGuard],
})
export class AccountsModule {}
