import { Module } from '@nestjs/common';
import { SandboxHost } from './sandbox-host';

/** Imported only when `config.sandboxes` is on; `createApiApp` mounts the host's routers. */
@Module({ providers: [SandboxHost], exports: [SandboxHost] })
export class SandboxesModule {}
