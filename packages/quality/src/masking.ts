// Which values are hidden is core's `isSensitiveProperty` (the same reading as provision's masked views).

/** What a masked value looks like in a sample (nulls stay null: "is it missing?" is often the question). */
export const MASKED_VALUE = "***";
