export { deltaCollaboration } from './deltaCollaboration';
export { planCycle } from './planCycle';
