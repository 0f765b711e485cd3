import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { loginSchema, type LoginInput, type LoginResult, type OrganiserView } from '@amphi/contracts';
import { AccountsService, toOrganiserView } from './accounts.service';
import { CurrentOrganiser, OrganiserAuthGuard } from './organiser-auth.guard';
import { OrganiserSessionsService } from './organiser-sessions.service';
import type { OrganiserPrincipal } from './access-token.service';

@ApiTags('organisers')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: OrganiserSessionsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in as an organiser; answers a bearer token for the API. With the X-Amphi-CSRF header (the web app) it also sets the httpOnly sign-in cookie. Only failed attempts count towards the limit (429 RATE_LIMITED with retryAfterSeconds).',
  })
  async login(@Body({ schema: loginSchema }) input: LoginInput, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResult> {
    const result = await this.accounts.login(input.email, input.password, req.ip);
    // The cookie only for the app's own pages: a cross-site form cannot send the header, so it cannot
    // sign a victim's browser into someone else's account; API clients get the bearer alone.
    if (this.sessions.hasCsrfProof(req)) await this.sessions.start(result.organiser.id, res);
    return result;
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(OrganiserAuthGuard)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Sign out everywhere: every sign-in cookie of this organiser stops working (bearer tokens already issued run until they expire)' })
  async logout(@CurrentOrganiser() me: OrganiserPrincipal, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.endEverywhere(me.organiserId, res);
  }

  @Post('access-token')
  @HttpCode(200)
  @UseGuards(OrganiserAuthGuard)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'A fresh bearer token for the signed-in organiser (the live room, opened in a new tab, keeps it in memory)' })
  accessToken(@CurrentOrganiser() me: OrganiserPrincipal): Promise<LoginResult> {
    return this.accounts.accessToken(me.organiserId, me.signInId);
  }

  @Get('session')
  @ApiOperation({ summary: 'Who this browser is signed in as (from the sign-in cookie): { organiser } or { organiser: null }, never a 401, so that every page of the app may ask' })
  async session(@Req() req: Request): Promise<{ organiser: OrganiserView | null }> {
    const principal = await this.sessions.fromCookieHeader(req.headers.cookie).catch(() => null);
    if (!principal) return { organiser: null };
    return { organiser: toOrganiserView(await this.accounts.get(principal.organiserId)) };
  }

  @Get('me')
  @UseGuards(OrganiserAuthGuard)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'The organiser the token or sign-in cookie belongs to' })
  async me(@CurrentOrganiser() me: OrganiserPrincipal): Promise<OrganiserView> {
    return toOrganiserView(await this.accounts.get(me.organiserId));
  }
}
