/** The bounds of the operator's ceiling on admission, which the API enforces and the console states: 0 pauses; anything above the maximum is a typo, not a setting. */
export const MAX_ADMIT_RATE = 100_000;
