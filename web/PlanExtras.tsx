/** The plan's parts loaded after first paint: times of day, and free places per clinic and day. */
export { FreePlaces } from './FreePlaces';
export { PlanTimes } from './PlanTimes';
