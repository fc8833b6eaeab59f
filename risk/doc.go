// Package risk scores every cell (a hectare by default) of contaminated
// land from the incidents around it and the settlements near it, keeps every
// factor so a planner can see why a hectare ranks high, aggregates the
// scores per hazard, writes them as CSV and GeoJSON, and backtests a model
// against later incidents.
//
// # The default model
//
// The zero [Model] is the default model, the Mixture (Kind Mixture). For a
// cell c with centre at projected position (x, y), in metres:
//
//	density(c)    = 10⁶ · Σ_k w_k · Σ_b π_b/(2πh_b²) · exp(−d_k²/(2h_b²))   per km²
//	likelihood(c) = density(c) · exp(−d_near/L) / (τ · (1 − exp(−T/τ)))      per km² a year
//	village_m(c)  = min_s d_s                      (+Inf if there are no settlements)
//	proximity(c)  = exp(−village_m(c) / λ)
//	exposure(c)   = 0.1 + 0.9 · proximity(c)
//	risk(c)       = likelihood(c) · exposure(c) · area_m2(c) / 10⁶
//
// where d_k is the distance from the cell centre to incident k, the kernels
// b are a short one, h = 500 m (Model.ShortBandwidthM), and a long one,
// h = 5 km (Model.LongBandwidthM), with shares π = 0.5 and 0.5
// (Model.LongWeight); w_k = exp(−age_k/τ) with τ = 3 years
// (Model.RecencyYears), ages counted from the latest incident
// (Model.Reference); d_near is the distance to the nearest incident and
// L = 3 km (Model.NearScaleM; negative turns it off); T is the span of the
// history in years (oldest incident to the reference, plus one), so that
// the density, which integrates to Σw_k, becomes the recency-weighted
// yearly rate: likelihood is expected incidents per km² a year (before
// the nearness factor, which is at most 1). risk is then expected
// incidents a year in the cell, weighted by exposure (ExposureFloor keeps
// the order of far cells). Each kernel is summed exactly over the
// incidents within MixtureCutoffBandwidths (6) of its bandwidths (on fine
// grids the long kernel exactly at every k-th cell and interpolated in
// log space between, see LatticeBandwidths); a cell
// whose nearest incident is beyond 3 long bandwidths gets the sum over its
// MixtureNearest (16) nearest incidents computed in log space, so cells
// far from every incident keep their order by distance instead of tying at
// zero (until the value underflows, some 170 km from the nearest
// incident with the defaults).
//
// Why this model: on the Colombian accidents of testdata/colombia (ten
// departments, each scored on 1 km cells with the accidents before 2010 and
// judged by those of 2010-2019), pooled over the regions, it captures
// 0.339, 0.538, 0.660 and 0.764 of the later accidents in the top 1, 5, 10
// and 20% of the area (mean AUC 0.863), against 0.333, 0.523, 0.628 and
// 0.749 (AUC 0.856) for the distance to the nearest earlier accident and
// 0.342, 0.521, 0.606 and 0.660 (AUC 0.739) for the classic kde below.
// benchmarks/README.md gives the table per region and pooled, with the
// command, and the targets it does not reach. [Fit] chooses the
// parameters from a user's own incidents instead.
//
// # The classic model
//
// Kind KDE is the model of the versions before the Mixture, unchanged to
// the last digit:
//
//	density(c)   = Σ_k w_k · exp(−d_k² / (2h²))   over incidents k with d_k ≤ cutoff
//	risk(c)      = density(c) · proximity(c) · area_m2(c) / 10,000
//
// with h = 1,000 m (Model.BandwidthM), cutoff = 4h (Model.CutoffM),
// w_k = 1, and area_m2(c) the exact grid area in the cell of the union of
// the hazards (overlaps counted once), from geo.Grid.CoverUnion. With no
// settlements proximity is 0 and so is risk. Its CSV has no likelihood
// column (CSVHeaderKDE).
//
// Options change the parts: incident weights w_k = (1 + killed + injured)
// (Model.CasualtyWeight) · 0.5^(age / half-life) (Model.HalfLifeYears, KDE
// only) · device weight (Model.DeviceWeights); a population-weighted
// proximity Σ_s pop_s · exp(−d_s/λ) over settlements within 5λ
// (Model.PopulationWeighted); extra factors from line layers (distance to
// roads) and polygon layers (land-use weights); and other combinations: a
// weighted sum of factors each divided by its maximum over the scored
// cells, or a user function ([Combination], Model.Func).
//
// # Surfaces
//
// [Model.Score] covers the hazards (or, with ScoreOptions.UseArea, the area
// of interest) with a [geo.Grid] and returns a [Surface]: the scored cells
// in J-then-I order with every factor, the hazards touching each cell, and
// per-hazard aggregates ([HazardScore]) in which a cell's risk is shared
// among overlapping hazards by their own areas in the cell. A Surface writes
// CSV ([Surface.WriteCSV]) and GeoJSON ([Surface.WriteCellsGeoJSON],
// [Surface.WriteHazardsGeoJSON]) and explains any cell in words
// ([Surface.Explain]).
//
// The writers write a float that is an integer below 2^53 in magnitude as
// an integer and any other rounded to 15 significant digits, without
// trailing zeros: plain for decimal exponents in [-4, 21)
// (1024.21651698075), else in exponent notation (5.54607930787316e-05).
// What is written reads back within 5.5e-15 relative of the float (half a
// unit of the 15th digit), and to the float itself when it has at most 15
// significant digits. Versions before December 2026 wrote the shortest
// decimal that reads back to the same float64 (strconv's), which takes
// about 3.5 times the instructions to format and is about 6% larger; [CSVOptions].Exact and
// [GeoJSONOptions].Exact still write it, byte for byte as those versions
// did.
//
// # Speed and determinism
//
// Factors are computed in bulk: each incident adds its kernel to the
// covered cells of its cut-off disc (rows found by offset, columns by
// binary search, the Gaussian split into a row and a column factor), and the
// nearest settlement of every cell of a row comes from one sweep of the
// lower envelope of the settlements' distance parabolas. The work is split
// into chunks of whole rows that do not depend on the worker count, and
// every sum runs in a fixed order (incidents and settlements in index
// order), so a surface, and the bytes written from it, are identical for
// every worker count. A done context stops the work after the current chunk
// of a few thousand cells.
//
// # Bands and tiles
//
// [Model.ScoreBands] scores and writes a run one band of grid rows at a
// time, with the bytes of the whole surface and memory for two bands.
// [Model.Tiles] cuts a run into tiles, aligned blocks of grid rows that can
// be scored apart, on other machines: a tile's input ([Tiling.Input]) is
// the hazards whose boxes reach its rows, the incidents within the model's
// reach ([Model.ReachM]) of them and every settlement; its CSV
// ([Tiling.WriteCSV]) is the whole run's cells in its rows, and the tiles'
// CSVs merged in row order ([CSVMerger]) are the whole run's CSV, byte for
// byte.
//
// # Backtests
//
// [Model.Backtest] scores with the incidents before a date and measures,
// for the later ones, the share falling in the riskiest 1, 5, 10 and 20% of
// the scored area (with bootstrap intervals) and the ROC-AUC over
// hectares, beside a uniform and a distance-to-nearest-incident baseline
// and, for a Mixture, the classic kde and each of its kernels alone.
// [Fit] chooses a Mixture's parameters by rolling-origin validation in
// time over a small family (FitFamily), shrunk toward the default when the
// history is thin; package risk/modelfile writes and reads the result.
//
// # Errors and panics
//
// Invalid model settings give errors wrapping [ErrModel]; settings that need
// attributes a dataset lacks give [ErrSource]. Passing a nil *geo.Projected
// to Score or Backtest, or a cell index out of range to a Surface method,
// panics.
package risk
