package text_test

import (
	"fmt"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
)

// A priority's reason and a report's line, written with the shared text.
func Example() {
	fmt.Printf("%s within %s (latest %s)\n", text.Count(4, "casualty", "casualties"), text.Distance(2000),
		text.Date(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)))
	fmt.Printf("Papravənd (pop. %s) %s away\n", text.Int(2173), text.Distance(393.2))
	fmt.Printf("%s ha released, %s of the national task; status %s\n", text.Hectares(16234.6), text.Percent(0.01562, 2),
		text.Status(geo.StatusWorkedOn))
	// Output:
	// 4 casualties within 2 km (latest 2025-06-30)
	// Papravənd (pop. 2,173) 393 m away
	// 16,235 ha released, 1.56% of the national task; status worked on
}
