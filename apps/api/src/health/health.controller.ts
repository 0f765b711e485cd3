import { Controller, Get } from '@nestjs/common';
import { Unavailable } from '../common/domain-errors';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @ApiOperation({ summary: '200 when the API and its database answer; 503 otherwise, and while the process drains before stopping' })
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    // A stopping process says so first, so that a load balancer sends nobody new to it.
    if (this.shutdown.draining) throw new Unavailable('stopping');
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new Unavailable('database');
    }
    return { status: 'ok', database: 'up' };
  }
}
