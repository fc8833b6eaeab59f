// Package risk scores every cell (a hectare by default) of contaminated
// land from the incidents around it and the settlements near it, keeps every
// factor so a planner can see why a hectare ranks high, aggregates the
// scores per hazard, writes them as CSV and GeoJSON, and backtests a model
// against later incidents.
//
// # The default model
//
// The zero [Model] is the default model. For a cell c with centre at
// projected position (x, y), in metres:
//
//	density(c)   = Σ_k w_k · exp(−d_k² / (2h²))   over incidents k with d_k ≤ cutoff
//	village_m(c) = min_s d_s                      (+Inf if there are no settlements)
//	proximity(c) = exp(−village_m(c) / λ)
//	risk(c)      = density(c) · proximity(c) · area_m2(c) / 10,000
//
// where d_k is the distance from the cell centre to incident k, d_s to
// settlement s, h = 1,000 m (Model.BandwidthM), cutoff = 4h
// (Model.CutoffM), λ = 2,000 m (Model.VillageScaleM), w_k = 1, and
// area_m2(c) the exact grid area in the cell of the union of the hazards
// (overlaps counted once), from geo.Grid.CoverUnion. With no settlements
// proximity is 0 and so is risk.
//
// Options change the parts: incident weights w_k = (1 + killed + injured)
// (Model.CasualtyWeight) · 0.5^(age / half-life) (Model.HalfLifeYears) ·
// device weight (Model.DeviceWeights); a population-weighted proximity
// Σ_s pop_s · exp(−d_s/λ) over settlements within 5λ
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
// the scored area and the ROC-AUC over hectares, beside a uniform and a
// distance-to-nearest-incident baseline.
//
// # Errors and panics
//
// Invalid model settings give errors wrapping [ErrModel]; settings that need
// attributes a dataset lacks give [ErrSource]. Passing a nil *geo.Projected
// to Score or Backtest, or a cell index out of range to a Surface method,
// panics.
package risk
