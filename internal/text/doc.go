// Package text writes the human text that the module's reports share, so
// that a distance, a count, an area, a share, a date or a status reads the
// same in risk's explanations, planning's reasons, planning/report's files
// and the examples' output: one spelling of every value in every output.
//
// Every function is pure and allocates only its result. Numbers use "." for
// decimals and "," between groups of thousands, as the English reports do;
// no function writes "-0". Dates are civil dates in the time's own location.
//
// [Key] is the one rule by which property and column names are matched
// (case, and spaces, underscores and hyphens between words, do not count).
package text
