import { eventStoreContract } from './event-store.contract.ts';
import { MemoryEventStore } from './memory-event-store.ts';

eventStoreContract('MemoryEventStore', () => {
  const store = new MemoryEventStore();
  return Promise.resolve({ store, cleanup: () => store.close() });
});
