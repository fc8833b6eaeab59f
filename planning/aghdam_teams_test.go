package planning_test

import (
	"bytes"
	"io/fs"

	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/testdata/aghdam"
)

func init() {
	planning.AghdamFile = func() ([]planning.Team, []planning.AreaRule, *planning.Config, error) {
		b, err := fs.ReadFile(aghdam.FS, aghdam.Teams)
		if err != nil {
			return nil, nil, nil, err
		}
		f, err := planfile.Read(bytes.NewReader(b), aghdam.Teams)
		if err != nil {
			return nil, nil, nil, err
		}
		return f.Teams, f.Areas, f.Config(), nil
	}
}
