/** Exit codes (README.md#commands). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;
