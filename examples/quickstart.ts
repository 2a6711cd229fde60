// Create a share, wait for it, let a network mount it, print where, clean up.
// Run against the local test bed: `npm run example:quickstart`, or any cloud:
// OS_CLOUD=mycloud npm run example:quickstart
import { createManilaClient } from '../src/index.js';
import { exampleCloud } from './env.js';

const manila = createManilaClient(await exampleCloud());
const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: 'quickstart' });
await manila.waitFor.share(share.id);
const rule = await manila.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.0.0.0/24', access_level: 'rw' });
await manila.waitFor.accessRule(rule.id, { shareId: share.id });
const [location] = (await manila.exportLocations.list(share.id)).items;
console.log(`share ${share.id} is ready: mount ${location.path}`);
await manila.shares.denyAccess(share.id, { access_id: rule.id });
await manila.waitFor.accessRuleDeleted(rule.id, { shareId: share.id });
await manila.shares.delete(share.id);
await manila.waitFor.shareDeleted(share.id);
console.log('cleaned up');
