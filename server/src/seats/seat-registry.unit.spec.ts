import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seatRegistryContract } from './seat-registry.contract.ts';
import { MemorySeatRegistry, SqliteSeatRegistry, type SeatRegistry } from './seat-registry.ts';

seatRegistryContract('MemorySeatRegistry', () => {
  const registry = new MemorySeatRegistry();
  return { registry, cleanup: () => registry.close() };
});

seatRegistryContract(
  'SqliteSeatRegistry',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'leitai-seats-'));
    const file = join(dir, 'leitai.sqlite');
    let current: SeatRegistry = new SqliteSeatRegistry(file);
    return {
      get registry() {
        return current;
      },
      reopen: () => {
        current.close();
        current = new SqliteSeatRegistry(file);
        return current;
      },
      cleanup: () => {
        current.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { durable: true },
);
