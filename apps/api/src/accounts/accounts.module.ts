import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JwtModule } from '@nestjs/jwt';
import { Organiser } from './organiser.entity';
import { OrganiserSession } from './organiser-session.entity';
import { OrganiserSessionsService } from './organiser-sessions.service';
import { LoginAttempts } from './login-attempts';
import { AccountsService } from './accounts.service';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { OrganiserAuthGuard } from './organiser-auth.guard';
import { APP_CONFIG, type AppConfig } from '../config/config';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Organiser, OrganiserSession]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // The secret as a KeyObject: given a string, jsonwebtoken first tries (and fails) to read it as
      // a PEM public key on every verify, ~1.6 ms each — a crowd reconnecting pays it a thousand times.
      useFactory: (config: AppConfig) => ({
        secret: (config.auth.secret ? createSecretKey(Buffer.from(config.auth.secret, 'utf8')) : undefined) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AccountsService, AccessTokenService, OrganiserSessionsService, LoginAttempts, OrganiserAuthGuard],
  exports: [AccountsService, AccessTokenService, OrganiserSessionsService, OrganiserAuthGuard],
})
export class AccountsModule {}
