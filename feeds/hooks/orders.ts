import type { FeedHooks } from '../../shared/validate/index.js';

// Nordwind orders: a quantity above 1000 is allowed but almost always a typo (an article number in the wrong
// column, a missing decimal point), so it is flagged for a person without rejecting the row.
const LARGE_ORDER = 1000;

const hooks: FeedHooks = {
  record(record) {
    const quantity = record.get('quantity');
    if (typeof quantity === 'number' && quantity > LARGE_ORDER) {
      record.addWarning('quantity', `unusually large order: ${quantity} units (more than ${LARGE_ORDER}); check the quantity`);
    }
  },
};

export default hooks;
