import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
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
    if (this.shutdown.draining) throw new ServiceUnavailableException('This process is stopping; another one takes over.');
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('The database does not answer.');
    }
    return { status: 'ok', database: 'up' };
  }
}
