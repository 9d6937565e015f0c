import { openTestPlatform } from '../testing/test-platform';
import { describeIntegrationBusContract } from './contract/integration-bus.contract';
import { InProcessBus } from './in-process-bus';

describeIntegrationBusContract('in-process', async () => {
  const platform = await openTestPlatform('inproc');
  const bus = new InProcessBus({ store: platform.store, checkpoints: platform.checkpoints, lease: platform.lease, log: platform.log, retryDelaysMs: [20] });
  return {
    platform,
    bus,
    close: async () => {
      await bus.close();
      await platform.close();
    },
  };
});
