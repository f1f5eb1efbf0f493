// Which values are hidden is core's `sensitivePart` (the same reading as provision's masked views): a column whose own or nested values are classified.

/** What a masked value looks like in a sample (nulls stay null: "is it missing?" is often the question). */
export const MASKED_VALUE = "***";
