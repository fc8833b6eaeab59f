package planning_test

import (
	"bytes"
	"io/fs"

	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/testdata/aghdam"
)

func init() {
	planning.AghdamTeams = func() ([]planning.Team, error) {
		b, err := fs.ReadFile(aghdam.FS, aghdam.Teams)
		if err != nil {
			return nil, err
		}
		f, err := planfile.Read(bytes.NewReader(b), aghdam.Teams)
		if err != nil {
			return nil, err
		}
		return f.Teams, nil
	}
}
