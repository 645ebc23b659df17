export { deltaCollaboration } from './deltaCollaboration';
