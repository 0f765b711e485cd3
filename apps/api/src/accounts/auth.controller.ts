import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { RateLimited } from '../common/rate-limit.module';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { loginSchema, type LoginInput, type LoginResult, type OrganiserView } from '@amphi/contracts';
import { AccountsService, toOrganiserView } from './accounts.service';
import { CurrentOrganiser, OrganiserAuthGuard } from './organiser-auth.guard';
import type { OrganiserPrincipal } from './access-token.service';

@ApiTags('organisers')
@Controller('auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('login')
  @HttpCode(200)
  @RateLimited('login')
  @ApiOperation({ summary: 'Log in as an organiser; answers a bearer token for the API' })
  login(@Body({ schema: loginSchema }) input: LoginInput): Promise<LoginResult> {
    return this.accounts.login(input.email, input.password);
  }

  @Get('me')
  @UseGuards(OrganiserAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The organiser the token belongs to' })
  async me(@CurrentOrganiser() me: OrganiserPrincipal): Promise<OrganiserView> {
    return toOrganiserView(await this.accounts.get(me.organiserId));
  }
}
