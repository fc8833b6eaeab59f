package risk

// NearestSettlement returns the index into Projected().Settlements of the
// settlement nearest to the centre of cell k, the one whose distance is
// Cells[k].VillageM, as the scorer found it; -1 if there are no
// settlements or the surface was not made by [Model.Score]. Equidistant
// settlements are exact ties of measure zero; which one is returned then
// is the scorer's choice. Cost O(1). It panics if k is out of range.
func (s *Surface) NearestSettlement(k int) int {
	_ = s.Cells[k]
	if k >= len(s.village) {
		return -1
	}
	return int(s.village[k])
}
